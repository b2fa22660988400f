export { JobsModule } from './jobs.module';
export { JobsService, MAX_WAIT_SECONDS, WAIT_RECHECK_MS, FLOW_PAGE, isTerminal, type SubmitResult } from './jobs.service';
export { JobQueue } from './job-queue';
export { JobEvents } from './job-events';
export { junitReport, escapeXml, escapeXmlText } from './junit-report';
export { jobLocation, JOB_RESOURCES } from './job-query';
