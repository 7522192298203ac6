'use strict';
/** Where the runtime works: the repository, and its git-ignored `.cache/` that every download lands in. */

const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache');

module.exports = { ROOT, CACHE };
