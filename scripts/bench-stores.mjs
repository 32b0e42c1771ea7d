#!/usr/bin/env node
// Throughput of CreateEngagementInvitation on SQLite and on PostgreSQL, measured in one run with the JS SDK.
// Usually run through scripts/bench-stores.sh (which builds, installs the SDK and starts a throwaway PostgreSQL).
//
//   COSELL_DLL=src/Cosell.Server/bin/Release/net10.0/cosell.dll COSELL_TEST_POSTGRES='Host=…' \
//     node scripts/bench-stores.mjs [invitations=2000] [concurrency=32]
//
// For each store: start a fresh server (tests/Conformance/lib/server.mjs: three partner accounts), let A create
// invitations/2 engagements (not timed), then time `invitations` CreateEngagementInvitation calls (A invites B and C
// to each engagement) from `concurrency` callers. Every call must answer 200.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(repo, "tests", "Conformance", "package.json"));
const { PartnerCentralSellingClient, CreateEngagementCommand, CreateEngagementInvitationCommand } =
  require("@aws-sdk/client-partnercentral-selling");
const { NodeHttpHandler } = require("@smithy/node-http-handler");
const { startServer } = await import(join(repo, "tests", "Conformance", "lib", "server.mjs"));

const invitations = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const postgres = process.env.COSELL_TEST_POSTGRES;

const customerProject = {
  Type: "CustomerProject",
  Payload: { CustomerProject: {
    Customer: { CompanyName: "Acme Corp", CountryCode: "US", Industry: "Software and Internet", WebsiteUrl: "https://acme.example.com" },
    Project: { Title: "Data platform migration", BusinessProblem: "Legacy data warehouse cannot keep up with reporting demand", TargetCompletionDate: "2027-06-30" },
  } },
};

function invitation(engagementId, receiver) {
  return {
    Catalog: "Sandbox",
    EngagementIdentifier: engagementId,
    Invitation: {
      Message: "Would you like to co-sell the Acme data platform migration with us?",
      Payload: { OpportunityInvitation: {
        Customer: customerProject.Payload.CustomerProject.Customer,
        Project: { BusinessProblem: "Legacy data warehouse cannot keep up with reporting demand", Title: "Data platform migration",
          TargetCompletionDate: "2027-06-30",
          ExpectedCustomerSpend: [{ Amount: "5000.00", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" }] },
        ReceiverResponsibilities: ["Software Partner"],
        SenderContacts: [{ Email: "jane.doe@example.com", FirstName: "Jane", LastName: "Doe", BusinessTitle: "Partner Development Manager" }],
      } },
      Receiver: { Account: { AwsAccountId: receiver } },
    },
  };
}

/** Runs `count` jobs with `width` at a time; returns the elapsed seconds. */
async function pool(count, width, job) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) {
      const i = next++;
      await job(i);
    }
  }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function bench(label, storeEnv) {
  if (storeEnv) process.env.COSELL_TEST_POSTGRES = storeEnv; else delete process.env.COSELL_TEST_POSTGRES;
  const server = await startServer();
  try {
    const [a, b, c] = server.accounts;
    const client = new PartnerCentralSellingClient({
      region: "us-east-1",
      endpoint: server.endpoint,
      credentials: { accessKeyId: a.accessKeys[0].accessKeyId, secretAccessKey: a.accessKeys[0].secretAccessKey },
      requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: concurrency } }),
    });
    const engagements = [];
    await pool(Math.ceil(invitations / 2), concurrency, async () => {
      const out = await client.send(new CreateEngagementCommand({
        Catalog: "Sandbox", Title: "Bench engagement", Description: "Throughput run", Contexts: [customerProject],
      }));
      engagements.push(out.Id);
    });
    // Warm-up outside the timing: the first calls JIT-compile and prepare statements.
    const receivers = [b.accountId, c.accountId];
    const seconds = await pool(invitations, concurrency, async (i) => {
      await client.send(new CreateEngagementInvitationCommand(invitation(engagements[i >> 1], receivers[i & 1])));
    });
    const rate = invitations / seconds;
    console.log(`${label.padEnd(10)} ${invitations} CreateEngagementInvitation, ${concurrency} concurrent: ` +
      `${seconds.toFixed(2)} s, ${rate.toFixed(0)} req/s, ${(1000 * seconds * concurrency / invitations).toFixed(1)} ms mean latency`);
    client.destroy();
    return rate;
  } finally {
    await server.stop();
  }
}

const sqlite = await bench("SQLite", null);
if (postgres) {
  const pg = await bench("PostgreSQL", postgres);
  console.log(`PostgreSQL / SQLite: ${(pg / sqlite).toFixed(2)}`);
} else {
  console.log("PostgreSQL skipped: COSELL_TEST_POSTGRES is not set");
}
