import path from 'node:path';

/** The association profile every workload runs on (one service, four fields, no documents). */
export const BENCH_PROFILE_PATH = path.join(__dirname, '..', 'bench-profile.yaml');
