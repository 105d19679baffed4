import { query, request } from './client';

/** One skill of a person (on their agent record): what they handle, and how well (1–5). */
export interface Skill {
  productLine: string;
  region: string;
  issueType: string;
  level: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  roles: string[];
  groups: string[];
  skills: Skill[];
  agentId: string | null;
  providerId: string | null;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface UserBody {
  displayName: string;
  phone: string | null;
  email: string | null;
  roles: string[];
  groups: string[];
  skills: Skill[];
}

const enc = encodeURIComponent;

/** People, roles, groups and skills (api/users; admin only). */
export const usersApi = {
  async list(f: { q?: string; role?: string; active?: string }, signal?: AbortSignal): Promise<{ items: User[]; total: number }> {
    return (await request<{ items: User[]; total: number }>(`/api/v1/users${query({ ...f, limit: 500 })}`, { signal })).data;
  },

  async create(body: UserBody & { username: string; password: string }): Promise<User> {
    return (await request<User>('/api/v1/users', { method: 'POST', body })).data;
  },

  /** Guarded by the version the form was loaded with (412 when someone changed it since). */
  async update(id: string, body: Partial<UserBody> & { active?: boolean }, version: number): Promise<User> {
    return (await request<User>(`/api/v1/users/${enc(id)}`, { method: 'PATCH', body, headers: { 'If-Match': `"${version}"` } })).data;
  },

  async deactivate(id: string): Promise<User> {
    return (await request<User>(`/api/v1/users/${enc(id)}/deactivate`, { method: 'POST' })).data;
  },

  async resetPassword(id: string, password: string): Promise<User> {
    return (await request<User>(`/api/v1/users/${enc(id)}/password-reset`, { method: 'POST', body: { password } })).data;
  },

  async roles(signal?: AbortSignal): Promise<{ role: string; permissions: string[] }[]> {
    return (await request<{ items: { role: string; permissions: string[] }[] }>('/api/v1/roles', { signal })).data.items;
  },

  /** The routing groups (queues) a person can belong to. */
  async groups(signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
    return (await request<{ items: { id: string; name: string }[] }>('/api/v1/groups?limit=200', { signal })).data.items;
  },
};
