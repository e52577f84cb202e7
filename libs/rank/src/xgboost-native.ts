/**
 * The native half of the XGBoost wrapper: loading Debian's libxgboost0 (1.7) with koffi, the C
 * functions' signatures, return-code checks and handle liveness. xgboost.ts builds the typed
 * DMatrix/Booster API on top; nothing else touches koffi.
 */
import koffi from 'koffi';

/** Raised when a C call fails; carries XGBoost's own message (XGBGetLastError). */
export class XGBoostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XGBoostError';
  }
}

/** Library names tried in order; GRAPHREC_XGBOOST_LIB overrides (e.g. a pip wheel's libxgboost.so). */
const LIBRARY_NAMES = ['libxgboost.so.0', 'libxgboost.so', '/usr/lib/x86_64-linux-gnu/libxgboost.so.0'];

// koffi hands native pointers back as opaque JS values; nothing but koffi ever looks inside them.
export type Pointer = unknown;
type Fn = (...args: unknown[]) => unknown;

interface Api {
  version: Fn;
  lastError: () => string;
  setGlobalConfig: Fn;
  dmatrixFromMat: Fn;
  dmatrixSetFloat: Fn;
  dmatrixSetUInt: Fn;
  dmatrixRows: Fn;
  dmatrixFree: Fn;
  boosterCreate: Fn;
  boosterFree: Fn;
  boosterSetParam: Fn;
  boosterUpdate: Fn;
  boosterEval: Fn;
  boosterPredict: Fn;
  boosterRounds: Fn;
  boosterSlice: Fn;
  boosterSave: Fn;
  boosterLoad: Fn;
  boosterToBuffer: Fn;
  boosterFromBuffer: Fn;
}

let loaded: Api | undefined;

export function load(): Api {
  if (loaded) return loaded;
  const names = process.env.GRAPHREC_XGBOOST_LIB ? [process.env.GRAPHREC_XGBOOST_LIB] : LIBRARY_NAMES;
  let lib: ReturnType<typeof koffi.load> | undefined;
  const failures: string[] = [];
  for (const name of names) {
    try {
      lib = koffi.load(name);
      break;
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (!lib) {
    throw new XGBoostError(
      `the XGBoost C library could not be loaded: install libxgboost0 (apt-get install libxgboost0) ` +
        `or point GRAPHREC_XGBOOST_LIB at a libxgboost.so (${failures.join('; ')})`,
    );
  }
  // Opaque handles (DMatrixHandle, BoosterHandle are both void* in c_api.h). koffi's type names are
  // process-wide (its native module is loaded once even when Jest gives each file fresh modules),
  // so a second registration finds the first.
  try {
    koffi.pointer('XGHandle', koffi.opaque());
  } catch (error) {
    if (!/Duplicate type name/.test((error as Error).message)) throw error;
  }
  const f = (signature: string): Fn => lib.func(signature) as Fn;
  // Signatures from include/xgboost/c_api.h (1.7); bst_ulong is uint64_t, `unsigned` is uint32.
  const api: Api = {
    version: f('void XGBoostVersion(_Out_ int *major, _Out_ int *minor, _Out_ int *patch)'),
    lastError: lib.func('const char *XGBGetLastError()') as () => string,
    setGlobalConfig: f('int XGBSetGlobalConfig(const char *config)'),
    dmatrixFromMat: f('int XGDMatrixCreateFromMat(const float *data, uint64_t nrow, uint64_t ncol, float missing, _Out_ XGHandle *out)'),
    dmatrixSetFloat: f('int XGDMatrixSetFloatInfo(XGHandle handle, const char *field, const float *array, uint64_t len)'),
    dmatrixSetUInt: f('int XGDMatrixSetUIntInfo(XGHandle handle, const char *field, const uint32 *array, uint64_t len)'),
    dmatrixRows: f('int XGDMatrixNumRow(XGHandle handle, _Out_ uint64_t *out)'),
    dmatrixFree: f('int XGDMatrixFree(XGHandle handle)'),
    boosterCreate: f('int XGBoosterCreate(XGHandle *dmats, uint64_t len, _Out_ XGHandle *out)'),
    boosterFree: f('int XGBoosterFree(XGHandle handle)'),
    boosterSetParam: f('int XGBoosterSetParam(XGHandle handle, const char *name, const char *value)'),
    boosterUpdate: f('int XGBoosterUpdateOneIter(XGHandle handle, int iter, XGHandle dtrain)'),
    boosterEval: f('int XGBoosterEvalOneIter(XGHandle handle, int iter, XGHandle *dmats, const char **names, uint64_t len, _Out_ const char **out)'),
    boosterPredict: f(
      'int XGBoosterPredict(XGHandle handle, XGHandle dmat, int option_mask, uint32 ntree_limit, int training, _Out_ uint64_t *out_len, _Out_ const float **out_result)',
    ),
    boosterRounds: f('int XGBoosterBoostedRounds(XGHandle handle, _Out_ int *out)'),
    boosterSlice: f('int XGBoosterSlice(XGHandle handle, int begin_layer, int end_layer, int step, _Out_ XGHandle *out)'),
    boosterSave: f('int XGBoosterSaveModel(XGHandle handle, const char *fname)'),
    boosterLoad: f('int XGBoosterLoadModel(XGHandle handle, const char *fname)'),
    boosterToBuffer: f('int XGBoosterSaveModelToBuffer(XGHandle handle, const char *config, _Out_ uint64_t *out_len, _Out_ const void **out_dptr)'),
    boosterFromBuffer: f('int XGBoosterLoadModelFromBuffer(XGHandle handle, const void *buf, uint64_t len)'),
  };
  loaded = api;
  // XGBoost logs warnings to stderr by default; the CLI's output is ours to shape.
  check(api.setGlobalConfig('{"verbosity": 0}'), 'XGBSetGlobalConfig');
  return api;
}

/** Throws with XGBoost's message when a C call returned non-zero. */
export function check(rc: unknown, fn: string): void {
  if (rc !== 0) throw new XGBoostError(`${fn} failed: ${loaded?.lastError() ?? 'unknown error'}`);
}

/** True when the library loads (tests and the CLI use it to explain, not crash). */
export function xgboostAvailable(): boolean {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}

/** The loaded library's version, e.g. [1, 7, 4]. */
export function xgboostVersion(): [number, number, number] {
  const api = load();
  const major = [0];
  const minor = [0];
  const patch = [0];
  api.version(major, minor, patch);
  return [major[0], minor[0], patch[0]];
}

export function assertLive(handle: Pointer | undefined, what: string): Pointer {
  if (handle === undefined) throw new XGBoostError(`${what} used after free()`);
  return handle;
}

