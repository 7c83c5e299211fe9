/**
 * A record as a client may see it: without the workspace it belongs to (the caller is in it), which
 * no response or export carries.
 */
export type WithoutWorkspace<T extends { workspaceId: string }> = Omit<T, 'workspaceId'>;

export const omitWorkspace = <T extends { workspaceId: string }>(value: T): WithoutWorkspace<T> => {
  const { workspaceId, ...rest } = value;
  void workspaceId;
  return rest;
};
