/** Its own file: the library is loaded once per module registry, and Jest gives each file its own. */
describe('without the XGBoost library', () => {
  const saved = process.env.GRAPHREC_XGBOOST_LIB;
  beforeAll(() => {
    process.env.GRAPHREC_XGBOOST_LIB = '/nonexistent/libxgboost.so.0';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.GRAPHREC_XGBOOST_LIB;
    else process.env.GRAPHREC_XGBOOST_LIB = saved;
  });

  it('fails with a clear "install libxgboost0" message', async () => {
    const { DMatrix, xgboostAvailable } = await import('./xgboost');
    expect(xgboostAvailable()).toBe(false);
    expect(() => DMatrix.fromDense(new Float32Array(1), 1, 1)).toThrow(/install libxgboost0/);
  });
});
