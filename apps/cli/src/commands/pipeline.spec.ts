import { buildProgram } from '../program';
import { applyQuick, QUICK } from './pipeline';

describe('pipeline --quick (npm start -- --quick)', () => {
  const base = { demoUsers: 20_000, seed: 42 };
  it('shrinks the demo world and caps training', () => {
    expect(applyQuick({ ...base, quick: true }, () => false)).toMatchObject({ demoUsers: QUICK.demoUsers, epochs: QUICK.epochs });
  });

  it('leaves options the user gave, and everything without --quick', () => {
    expect(applyQuick({ ...base, demoUsers: 800, epochs: 12, quick: true }, () => true)).toMatchObject({ demoUsers: 800, epochs: 12 });
    expect(applyQuick(base, () => false)).toEqual(base);
  });

  it('is documented in the command help', () => {
    const help = buildProgram().commands.find((c) => c.name() === 'pipeline')?.helpInformation() ?? '';
    expect(help).toContain('--quick');
  });
});
