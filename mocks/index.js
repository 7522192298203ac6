'use strict';
/**
 * Strict loopback mock vendors for the Send Conversation Message node.
 *
 *   const { startMockVendors } = require('./mocks');
 *   const vendors = await startMockVendors({ logFile: '/tmp/mock-vendors.log' });
 *   vendors.intercom.baseUrl … vendors.intercom.messages … vendors.reset(); await vendors.close();
 *
 * Each mock: { vendor, baseUrl, port, requests, messages, protocolErrors, reset(), failNext(fault),
 *              rateLimitNext(times, {retryAfterSeconds, resetInSeconds}), redirectNext(location, times), close() }
 * See README-style notes at the top of each vendor module for routes and rules; fixtures.js for credentials and seeds.
 *
 * Conversation actions (*-actions.js, chatwoot-state.js): the mocks that act on conversations also offer
 * { features (the server's version gates and the variants the fact sheet leaves [UNCONFIRMED]; reset restores them),
 *   conversationState(id), seedConversation(id, patch), stateChanges (every field a write really changed),
 *   seedHistory(id, count = 1000) (customers, agents, the bot, private notes, files) }; see index.d.ts.
 */
const { startUserEngageMock } = require('./userengage');
const { startEngageLabMock } = require('./engagelab');
const { startChatwootMock, startNinetyNineDigitalMock } = require('./chatwoot');
const { startIntercomMock } = require('./intercom');
const { startReamazeMock } = require('./reamaze');
const { startZendeskMock } = require('./zendesk');
const { startCaptureServer } = require('./capture');
const { startStorageMock } = require('./storage');
const { startOpenAiMock } = require('./openai');
const fixtures = require('./fixtures');

const FACTORIES = {
  userEngage: startUserEngageMock,
  engageLab: startEngageLabMock,
  ninetyNineDigital: startChatwootMock,
  intercom: startIntercomMock,
  reamaze: startReamazeMock,
  zendesk: startZendeskMock,
};

/**
 * @param {{ports?: {userEngage?: number, engageLab?: number, ninetyNineDigital?: number, intercom?: number, reamaze?: number, zendesk?: number},
 *          logFile?: string, bodyTimeoutMs?: number, floodLimit?: number}} [options]
 */
async function startMockVendors(options = {}) {
  const ports = options.ports || {};
  const started = {};
  // Where the Chatwoot family's attachment links redirect to: signed storage on another host.
  const storage = await startStorageMock();
  // The chat model of the flagship flow (trigger → AI Agent → this package's node as its tool).
  const openAi = await startOpenAiMock();
  try {
    for (const [key, factory] of Object.entries(FACTORIES)) {
      started[key] = await factory({
        port: ports[key],
        logFile: options.logFile,
        bodyTimeoutMs: options.bodyTimeoutMs,
        floodLimit: options.floodLimit,
        storage,
      });
    }
  } catch (err) {
    await Promise.all([storage, openAi, ...Object.values(started)].map((m) => m.close()));
    throw err;
  }
  return {
    ...started,
    storage,
    openAi,
    close: () => Promise.all([storage, openAi, ...Object.values(started)].map((m) => m.close())).then(() => undefined),
    reset: () => { for (const m of [storage, openAi, ...Object.values(started)]) m.reset(); },
  };
}

module.exports = {
  startMockVendors,
  startUserEngageMock,
  startEngageLabMock,
  startChatwootMock,
  startNinetyNineDigitalMock,
  startIntercomMock,
  startReamazeMock,
  startZendeskMock,
  startCaptureServer,
  startStorageMock,
  startOpenAiMock,
  fixtures,
};
