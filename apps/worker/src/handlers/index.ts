import { DiffHandler } from './diff.handler';
import { TraceBatchFinalizeHandler } from './trace-batch-finalize.handler';
import { TraceBatchHandler } from './trace-batch.handler';
import { TraceChunkHandler } from './trace-chunk.handler';
import { TraceHandler } from './trace.handler';

/** One handler class per job name of libs/contracts' JOB_NAMES (checked at boot by HandlerRegistry). */
export const HANDLERS = [TraceHandler, TraceBatchHandler, TraceChunkHandler, TraceBatchFinalizeHandler, DiffHandler] as const;
