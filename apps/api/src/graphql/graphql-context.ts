/** The context of one GraphQL request: the HTTP request (the auth guard reads its token). */
export interface GraphqlContext {
  req: unknown;
}
