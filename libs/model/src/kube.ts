/**
 * Kubernetes objects from a snapshot's k8s/ files (`kubectl get ... -o yaml|json`): kube-ovn CRDs
 * (Vpc, Subnet, VpcNatGateway, IptablesEIP and its rules, OvnEip, OvnFip, OvnSnatRule, OvnDnatRule,
 * IP, ...), Services, Endpoints, EndpointSlices, Pods, ConfigMaps. Secrets are never kept.
 */

/** A value as JSON can hold it. */
export type KubeJsonValue = null | boolean | number | string | KubeJsonValue[] | { [key: string]: KubeJsonValue };

export interface KubeObjectMeta {
  name: string;
  /** Null for cluster-scoped objects (kube-ovn's Vpc, Subnet, OvnEip, ...). */
  namespace: string | null;
  labels: Record<string, string>;
  /** Without `kubectl.kubernetes.io/last-applied-configuration` (a copy of the object itself). */
  annotations: Record<string, string>;
  uid: string | null;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  /** `spec` as written; null when the object has none. */
  spec: KubeJsonValue;
  /** `status` as written; null when the object has none. */
  status: KubeJsonValue;
  /** Other top-level fields: a ConfigMap's `data`, Endpoints' `subsets`, an EndpointSlice's `endpoints` and `ports`. */
  fields: Record<string, KubeJsonValue>;
  /** Where the object was read: the k8s/ file and the line its document or List item starts at. */
  file: string;
  line: number;
}
