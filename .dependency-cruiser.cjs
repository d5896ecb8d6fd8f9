/**
 * The shape of the code, checked by `npm run lint` (dependency-cruiser): no import cycles, the layers
 * of docs/ARCHITECTURE.md ("Layout and rules"), and each third-party SDK inside its own folder.
 * Type-only imports count: a cycle of types is still a cycle for the reader.
 */
const layer = (name) => `^src/${name}/`;
const notIn = (...names) => `^(?!src/(${names.join('|')})/)`;

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Two modules that import each other cannot be read, tested or moved apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds the rules everything else uses; it imports nothing of ours outside itself.',
      from: { path: layer('domain') },
      to: { path: '^(src|flows|locales)/', pathNot: layer('domain') },
    },
    {
      name: 'engine-knows-only-the-domain',
      severity: 'error',
      comment: 'The engine runs a flow: (flow, snapshot, input) → (snapshot, effects). No channel, no store.',
      from: { path: layer('engine') },
      to: { path: '^(src|flows|locales)/', pathNot: `${layer('engine')}|${layer('domain')}` },
    },
    {
      name: 'flows-are-pure',
      severity: 'error',
      comment: 'A flow returns effects; it never reaches a channel, the store or a queue.',
      from: { path: '^flows/' },
      to: {
        path: '^src/',
        pathNot: `${layer('engine')}|${layer('domain')}|${layer('config')}|${layer('i18n')}|${layer('cases/rules')}`,
      },
    },
    {
      name: 'config-and-i18n-below-the-engine',
      severity: 'error',
      comment: 'Configuration and texts are read by everyone; they depend on the domain only.',
      from: { path: `${layer('config')}|${layer('i18n')}` },
      to: {
        path: '^(src|flows)/',
        pathNot: `${layer('config')}|${layer('i18n')}|${layer('domain')}`,
      },
    },
    {
      name: 'store-below-the-services',
      severity: 'error',
      comment: 'The store persists what the services decide; it does not call them.',
      from: { path: layer('store') },
      to: {
        path: '^(src|flows)/',
        pathNot: `${layer('store')}|${layer('domain')}|${layer('engine')}|${layer('config')}|${layer('security')}|${layer('cases/rules')}`,
      },
    },
    {
      name: 'cases-stay-off-the-front-ends',
      severity: 'error',
      comment: 'Cases are served to the staff bot, the web console and channels, not the other way round.',
      from: { path: layer('cases') },
      to: { path: '^src/(console|staff-bot|channels|telegram|http|app|queue|ops|cli|metrics)/' },
    },
    {
      name: 'conversation-stays-off-the-front-ends',
      severity: 'error',
      comment: 'The spine sees channels only through their port (channel-adapter.ts).',
      from: { path: layer('conversation') },
      to: {
        path: '^src/(cases|console|staff-bot|channels|telegram|http|app|queue|ops|cli)/',
        pathNot: '^src/channels/channel-adapter\\.ts$',
      },
    },
    {
      name: 'channels-are-transports',
      severity: 'error',
      comment: 'A channel carries messages; it does not decide cases or talk to staff.',
      from: { path: `${layer('channels')}|${layer('telegram')}` },
      to: { path: '^src/(cases|conversation|console|staff-bot|app|queue|ops|cli|metrics)/' },
    },
    {
      name: 'console-and-staff-bot-are-siblings',
      severity: 'error',
      comment:
        'The web console and the staff bot each serve staff through the cases; neither imports the other.',
      from: { path: layer('console') },
      to: { path: '^src/(staff-bot|channels|telegram|app)/' },
    },
    {
      name: 'staff-bot-and-console-are-siblings',
      severity: 'error',
      comment: 'The staff bot reaches cases and Telegram, never the web console or a beneficiary channel.',
      from: { path: layer('staff-bot') },
      to: { path: '^src/(console|channels|app)/' },
    },
    {
      name: 'only-main-starts-tawasul',
      severity: 'error',
      comment:
        'src/app is the composition root: the CLI entry (main.ts) calls it, and the platform (src/platform) runs one per association; nothing else inside src does.',
      from: { path: '^src/', pathNot: `^src/main\\.ts$|${layer('app')}|${layer('platform')}` },
      to: { path: layer('app') },
    },
    {
      name: 'sdk-telegraf',
      severity: 'error',
      comment: 'telegraf is imported only by the shared Telegram client (src/telegram).',
      from: { path: '^(src|flows)/', pathNot: layer('telegram') },
      to: { path: '^node_modules/telegraf/' },
    },
    {
      name: 'sdk-whatsapp-web',
      severity: 'error',
      comment: 'whatsapp-web.js is imported only by the WhatsApp channel.',
      from: { path: '^(src|flows)/', pathNot: layer('channels/whatsapp') },
      to: { path: '^node_modules/whatsapp-web\\.js/' },
    },
    {
      name: 'sdk-database-drivers',
      severity: 'error',
      comment: 'The database drivers are the store’s alone.',
      from: { path: '^(src|flows)/', pathNot: layer('store') },
      to: { path: '^node_modules/(pg|@electric-sql/pglite)/' },
    },
    {
      name: 'sdk-bullmq-and-redis',
      severity: 'error',
      comment: 'BullMQ and ioredis live in the queue layer (and the composition root that connects them).',
      from: {
        path: '^(src|flows)/',
        pathNot: `${layer('queue')}|${layer('app')}|${layer('platform')}|${layer('console/admin')}|${layer('cli')}`,
      },
      to: { path: '^node_modules/(bullmq|ioredis)/' },
    },
    {
      name: 'run-time-code-uses-production-dependencies',
      severity: 'error',
      comment:
        'The Docker image keeps only "dependencies" (npm prune --omit=dev): code that runs there must not import a devDependency (types only are fine).',
      from: { path: '^(src|flows)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data)/' },
    tsPreCompilationDeps: true,
    // Planted test trees link this checkout's node_modules; an SDK is known by its path there.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
