import { print, type GraphQLError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CombinedError } from 'urql';
import { GRAPHQL_PATH } from './client';
import { readToken } from './token';

export interface Progress {
  loaded: number;
  total: number;
}

interface GraphqlBody<T> {
  data?: T | null;
  errors?: Partial<GraphQLError>[];
}

/**
 * One GraphQL operation sent by XMLHttpRequest, for its upload progress (`fetch` reports none): the
 * same endpoint and bearer token as the urql client, the errors as the same CombinedError, so the one
 * error panel shows them.
 */
export function postWithProgress<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  onProgress: (progress: Progress) => void,
  signal?: AbortSignal,
): Promise<TData> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', GRAPHQL_PATH);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/graphql-response+json, application/json');
    const token = readToken();
    if (token !== null) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    const network = (message: string) => reject(new CombinedError({ networkError: new Error(message), response: xhr }));
    xhr.onerror = () => network('the request did not reach the API (network error)');
    xhr.onabort = () => network('cancelled');
    xhr.ontimeout = () => network('the API did not answer in time');
    xhr.onload = () => {
      let body: GraphqlBody<TData>;
      try {
        body = JSON.parse(xhr.responseText) as GraphqlBody<TData>;
      } catch {
        network(`HTTP ${xhr.status}: ${xhr.responseText.slice(0, 200) || xhr.statusText}`);
        return;
      }
      if (body.errors !== undefined && body.errors.length > 0) {
        reject(new CombinedError({ graphQLErrors: body.errors, response: xhr }));
      } else if (body.data === undefined || body.data === null) {
        network(`HTTP ${xhr.status}: no data in the answer`);
      } else {
        resolve(body.data);
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(JSON.stringify({ query: print(document), variables }));
  });
}
