/**
 * tsx (esbuild) emits no `design:paramtypes`, and @nestjs/graphql reads that array for every
 * @Args parameter even when the type is given explicitly (it indexes into undefined and crashes).
 * This class decorator gives each method an empty array where the compiler left none: explicit
 * types are then used, and a parameter without one still fails loudly at schema build. Under
 * compilers that do emit metadata (swc in Jest, tsc) it changes nothing.
 */
export function ParamTypes(): ClassDecorator {
  return (target) => {
    const proto = target.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || typeof proto[name] !== 'function') continue;
      if (!Reflect.hasOwnMetadata('design:paramtypes', proto, name)) Reflect.defineMetadata('design:paramtypes', [], proto, name);
    }
  };
}
