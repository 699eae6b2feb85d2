import pg from "pg";
import type { TestProject } from "vitest/node";
import { Database } from "../../server/src/store/database.ts";
import { sweepLeftovers } from "./sweep-leftovers.ts";
import { databaseUrl, testEnv } from "./test-env.ts";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per run; each test file then gets a copy (CREATE DATABASE ...
 * TEMPLATE), which takes milliseconds, instead of migrating its own.
 */
export default async function setup(project: TestProject) {
  // Safe beside other checkouts' runs on one machine (see sweep-leftovers.ts); CONVEYOR_TEST_SWEEP=off skips it.
  if (process.env["CONVEYOR_TEST_SWEEP"] !== "off") await sweepLeftovers();
  const template = `conveyor_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
  } finally {
    await admin.end();
  }
  const db = await Database.connect({ url: databaseUrl(template), poolSize: 2 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  project.provide("templateDatabase", template);

  return async () => {
    const client = new pg.Client({ connectionString: testEnv.adminDatabaseUrl });
    await client.connect();
    await client.query(`drop database if exists ${template} with (force)`);
    await client.end();
  };
}
