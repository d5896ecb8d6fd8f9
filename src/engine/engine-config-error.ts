/** A flow definition mistake, found at start-up: the message says what to fix. */
export class EngineConfigError extends Error {
  readonly code = 'ERR_FLOW_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'EngineConfigError';
  }
}
