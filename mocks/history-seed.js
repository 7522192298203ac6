'use strict';
/**
 * Long conversations on demand (Get Messages, the history bench): one deterministic plan of who
 * wrote what, oldest first, that each vendor mock turns into its own message shape. Every tenth
 * message is a private note, every tenth (offset) a bot's answer, every 25th carries a file.
 */
const FILES = [
  { filename: 'receipt.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n% seeded receipt\n%%EOF\n') },
  { filename: 'photo.png', contentType: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]) },
];

/**
 * @param {number} count how many messages
 * @param {{endMs?: number, stepMs?: number}} [options] the last message is at endMs (default: a minute ago)
 * @returns {Array<{index: number, role: 'customer'|'agent'|'bot'|'note', content: string, file: object|null, atMs: number}>}
 */
function historyPlan(count, { endMs = Date.now() - 60000, stepMs = 60000 } = {}) {
  return Array.from({ length: count }, (_, index) => {
    const role = index % 10 === 3 ? 'note' : index % 10 === 7 ? 'bot' : index % 2 === 0 ? 'customer' : 'agent';
    const content = {
      customer: `Customer message ${index + 1}`,
      agent: `Agent reply ${index + 1}`,
      bot: `Bot answer ${index + 1}`,
      note: `Private note ${index + 1}`,
    }[role];
    const file = index % 25 === 24 ? FILES[Math.floor(index / 25) % FILES.length] : null;
    return { index, role, content, file, atMs: endMs - (count - 1 - index) * stepMs };
  });
}

module.exports = { historyPlan };
