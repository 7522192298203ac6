'use strict';
/**
 * EngageLab LiveDesk mock (Chatwoot-derived; no account id in the path; Basic key:secret auth).
 *
 * Routes (base URL = http://127.0.0.1:PORT):
 *   POST /api/v2/accounts/conversations/:conversation_id/messages   JSON or multipart → 200 message
 *   GET  /api/v2/accounts/contacts?page=1                           {meta:{count,current_page}, payload} (credential test)
 *   GET  /rails/active_storage/blobs/redirect/:token/:name          302 to signed storage (options.storage), else the bytes
 *
 * Webhooks: the console's API channel has a Webhook URL field (`mock.webhookUrl`, set as a user
 * pastes it). Every created message is POSTed there Chatwoot-shaped, unsigned ([UNCONFIRMED]: no
 * signature is documented), once.
 */
const crypto = require('node:crypto');
const { makeDeliveries } = require('./webhook-delivery');
const { createMockServer, railsStatusPage, parseBasic } = require('./common');
const core = require('./chatwoot-core');
const { CREDENTIALS, ENGAGELAB, isSeededConversationId } = require('./fixtures');

const json = (status, body, headers) => ({ status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...(headers || {}) }, body });
const PAGE_SIZE = 15;

async function startEngageLabMock(options = {}) {
  const store = core.newStore(3030, 199);
  const sorting = new Map();
  const floodLimit = options.floodLimit || 200;
  const deliveries = makeDeliveries('engageLab', options);
  let mock;
  const inbox = { id: ENGAGELAB.inboxId, name: 'API Channel', channel_type: 'Channel::Api' };
  const account = { id: ENGAGELAB.accountId, name: 'LiveDesk Project' };
  const contactOf = (conversationId) => {
    const c = ENGAGELAB.contacts[conversationId % ENGAGELAB.contacts.length];
    return { id: c.id, name: c.name, email: c.email, phone_number: c.phone_number, identifier: c.identifier, thumbnail: '' };
  };
  const deliver = (payload) => (mock.webhookUrl ? deliveries.send(mock.webhookUrl, JSON.stringify(payload), {}, { deliveryId: crypto.randomUUID() }) : Promise.resolve(null));

  function handle(ctx) {
    const rec = ctx.record;
    const blob = core.serveBlob(ctx, store, options.storage);
    if (blob) return blob;

    let m;
    let route = null;
    if ((m = /^\/api\/v2\/accounts\/conversations\/([^/]+)\/messages$/.exec(rec.path)) && rec.method === 'POST') route = { name: 'createMessage', conversation: m[1] };
    else if (/^\/api\/v2\/accounts\/contacts$/.test(rec.path) && rec.method === 'GET') route = { name: 'contacts' };
    if (!route) return railsStatusPage(rec, 404, 'Not Found');

    // [UNCONFIRMED] real 401 body; a small JSON error as the brief suggests.
    const basic = parseBasic(rec.headers.authorization);
    if (!basic || basic.user !== CREDENTIALS.engageLab.apiKey || basic.pass !== CREDENTIALS.engageLab.apiSecret) {
      return json(401, { error: 'Invalid API key or secret' });
    }
    rec.authenticated = true;

    const parsed = core.railsParams(ctx);
    if (parsed.parseError) return railsStatusPage(rec, 400, 'Bad Request');

    if (route.name === 'contacts') {
      const page = Math.max(1, core.railsInt(rec.query.page || 1));
      const all = ENGAGELAB.contacts;
      let list = all;
      if (rec.query.q) {
        const q = String(rec.query.q).toLowerCase();
        list = all.filter((c) => [c.name, c.email, c.phone_number, c.identifier].some((x) => x && String(x).toLowerCase().includes(q)));
      }
      return json(200, {
        meta: { count: list.length, current_page: String(page) },
        payload: list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((c) => ({
          additional_attributes: {}, availability_status: 'offline', email: c.email, id: c.id, name: c.name,
          phone_number: c.phone_number, identifier: c.identifier, blocked: false, thumbnail: '', custom_attributes: {},
          last_activity_at: 1762331029, created_at: 1762300000,
        })),
      });
    }

    const convId = core.railsInt(route.conversation);
    if (!isSeededConversationId(convId)) return json(404, { error: 'Resource could not be found' });
    const built = core.buildMessage({
      ctx,
      params: parsed.params,
      conversationId: convId,
      accountId: ENGAGELAB.accountId,
      inboxId: ENGAGELAB.inboxId,
      sender: { ...ENGAGELAB.sender },
      senderKind: 'user',
      store,
      apiInbox: true,
      floodLimit,
    });
    if (built.error) return json(built.error.status, built.error.body);
    const sortingId = (sorting.get(convId) || 0) + 1;
    sorting.set(convId, sortingId);
    const r = built.response;
    // seed-page key order: …, source_id, sorting_id, sender, attachments
    const response = {
      id: r.id, content: r.content, inbox_id: r.inbox_id, ...(r.echo_id !== undefined ? { echo_id: r.echo_id } : {}),
      conversation_id: r.conversation_id, message_type: r.message_type, content_type: r.content_type, status: r.status,
      content_attributes: r.content_attributes, created_at: r.created_at, private: r.private, source_id: r.source_id,
      sorting_id: sortingId, sender: r.sender, ...(r.attachments ? { attachments: r.attachments } : {}),
    };
    ctx.createMessage({ ...built.message, sortingId, response });
    deliver(core.messageCreatedPayload({
      id: r.id, content: r.content, messageType: built.message.messageType, isPrivate: r.private, createdAtMs: Date.now(),
      conversationId: convId, inbox, account, attachments: r.attachments, contact: contactOf(convId),
      sender: built.message.messageType === 'incoming' ? contactOf(convId) : { ...r.sender },
    }));
    return json(200, response);
  }

  mock = await createMockServer({
    vendor: 'engageLab',
    basePath: '',
    handle,
    rateLimited: core.rackAttack429, // [UNCONFIRMED] — assumed Chatwoot's rack-attack default
    faultResponse: core.railsFault,
    badBody: ({ record }) => railsStatusPage(record, 400, 'Bad Request'),
    onReset() { store.reset(); sorting.clear(); deliveries.reset(); mock.webhookUrl = null; },
    extend(m) {
      m.webhookUrl = null;
      m.deliveries = deliveries.sent;
      m.deliveriesSettled = () => deliveries.settled();
      /** A customer writes in a conversation of the API channel: delivered to the channel's Webhook URL. */
      m.customerWrites = async ({ conversationId = 141, content = 'Hello from LiveDesk', files = [] } = {}) => {
        const id = store.nextMessageId++;
        const contact = contactOf(conversationId);
        const attachments = files.map((file) => {
          const token = store.blobs.put(file);
          return {
            id: store.nextAttachmentId++, message_id: id, file_type: core.fileTypeOf(file.contentType), account_id: account.id,
            extension: null, data_url: `http://127.0.0.1:${m.port}/rails/active_storage/blobs/redirect/${token}/${encodeURIComponent(file.filename)}`,
            thumb_url: '', file_size: file.data.length, width: null, height: null,
          };
        });
        const createdAtMs = Date.now();
        m._addMessage({ id, conversationId, accountId: account.id, content, messageType: 'incoming', private: false, senderKind: 'contact', files, createdAt: new Date(createdAtMs).toISOString() });
        const payload = core.messageCreatedPayload({ id, content, messageType: 'incoming', isPrivate: false, createdAtMs, conversationId, inbox, account, attachments, contact, sender: contact });
        return { message: payload, delivery: await deliver(payload) };
      };
    },
  }, options);
  return mock;
}

module.exports = { startEngageLabMock };
