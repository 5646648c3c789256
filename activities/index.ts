import type { PrismaClient } from '../generated/prisma/client';
import { persistTransition, type PersistTransitionInput } from './persist-transition';

export interface ActivityDependencies {
  prisma: PrismaClient;
}

/** Every side effect the workflows may ask for, bound to the dependencies the worker wires. */
export function createActivities({ prisma }: ActivityDependencies) {
  return {
    persistTransition: (input: PersistTransitionInput) => persistTransition(prisma, input),
  };
}
