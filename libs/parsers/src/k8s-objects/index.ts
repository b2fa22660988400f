export { parseK8sObjects, type K8sObjectsResult } from './parse-k8s-objects';
export { isK8sObjectFile, parseK8sFiles } from './parse-k8s-files';
