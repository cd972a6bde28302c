// pm2 start ecosystem.config.cjs: the example's server under PM2.
// #region pm2
module.exports = {
  apps: [
    {
      name: 'orders',
      script: 'src/server.ts',
      interpreter: 'node',
      node_args: '--import tsx',
      // PM2 stops an app with SIGINT, then SIGKILL after kill_timeout, 1,600 ms
      // by default: less than the drain's deadline. Give it the whole drain.
      kill_timeout: 10_000,
    },
  ],
};
// #endregion pm2
