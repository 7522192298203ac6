'use strict';
/**
 * The checks of `npm run test:browser`, run by scripts/browser-test.js in a headless Chromium
 * against n8n's editor as `npm start` serves it (example workflows, credentials pointed at the
 * loopback mock vendors, owner account).
 *
 * Selectors are n8n 2.41.1's own data-test-id attributes (the ones n8n's Playwright suite uses):
 *   canvas-node[data-node-name][data-node-type], ndv, node-parameters, node-credentials-select,
 *   node-credentials-select-item-<credential id>, parameter-input-<name>, resource-locator-<name>,
 *   rlc-mode-selector, mode-list|mode-id|mode-url, rlc-input, rlc-item, ndv-close-button,
 *   node-creator-plus-button, node-creator-item-name.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { PANELS, ACTIONS_OPERATIONS, ACTIONS_PANELS, PLATFORM_LABELS, PLATFORM_ONLY_INPUTS, CREDENTIAL_TYPE_NAMES, CANVAS_SCREENSHOT } = require('./expectations');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const q = (s) => JSON.stringify(s);
const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

/** Polls fn until it returns a truthy value; the error names what was awaited and the last state. */
async function until(what, fn, timeoutMs = 30_000) {
	const end = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const value = await fn();
			if (value) return value;
			last = undefined;
		} catch (e) {
			last = e;
		}
		if (Date.now() > end) {
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (${last.message.split('\n')[0]})` : ''}`);
		}
		await sleep(250);
	}
}

function assert(condition, message) {
	if (!condition) throw new Error(message);
}

const tid = (id) => `[data-test-id=${q(id)}]`;

/**
 * @param {object} env
 * @param {import('playwright-core').BrowserContext} env.context
 * @param {string} env.url             editor URL, e.g. http://127.0.0.1:5790
 * @param {{email: string, password: string}} env.owner
 * @param {string} env.nodeType        n8n-nodes-conversation-messages.sendConversationMessage
 * @param {string} env.actionsNodeType n8n-nodes-conversation-messages.conversationActions
 * @param {object[]} env.examples      the workflows of examples/*.json
 * @param {object} env.credentialRefs  scripts/credentials.js CREDENTIAL_REFS
 * @param {string|undefined} env.mockLog  the mock vendors' request log (mock-vendors.log)
 * @param {string} env.screenshotsDir  docs/screenshots
 * @param {(name: string, fn: () => Promise<void>) => Promise<boolean>} env.check
 * @param {(page) => void} env.setPage  the page to capture when a check fails
 * @param {object} env.rest            a signed-in scripts/runtime/rest.js N8nRest (scratch copies)
 */
async function runEditorChecks(env) {
	const { context, url, owner, nodeType, actionsNodeType, examples, credentialRefs, mockLog, screenshotsDir, check, setPage, rest } = env;
	const ourNodes = (wf) => wf.nodes.filter((n) => n.type === nodeType);
	const byId = new Map(examples.map((w) => [w.id, w]));
	const rel = (file) => path.relative(process.cwd(), path.join(screenshotsDir, file));
	const shot = async (page, file) => {
		fs.mkdirSync(screenshotsDir, { recursive: true });
		await page.screenshot({ path: path.join(screenshotsDir, file) });
	};

	// ---- mock vendor request log ------------------------------------------------------------
	const logSize = () => (mockLog && fs.existsSync(mockLog) ? fs.statSync(mockLog).size : 0);
	/** Requests a mock vendor logged after byte offset `from`: [{vendor, method, target, status}]. */
	const requestsSince = (from) => {
		if (!mockLog || !fs.existsSync(mockLog)) return [];
		const text = fs.readFileSync(mockLog).subarray(from).toString('utf8');
		return text
			.split('\n')
			.map((line) => /^\S+ (\S+) ([A-Z]+) (\S+) -> (\S+)/.exec(line))
			.filter(Boolean)
			.map(([, vendor, method, target, status]) => ({ vendor, method, target, status }));
	};
	const expectRequest = async (from, vendor, method, targetRe) => {
		if (!mockLog) throw new Error('no mock vendor log to check (run against `npm start`, or pass --user-folder)');
		return until(
			`the ${vendor} mock to answer ${method} ${targetRe} with 200`,
			() => requestsSince(from).find((r) => r.vendor === vendor && r.method === method && targetRe.test(r.target) && r.status === '200'),
			15_000,
		);
	};

	// ---- editor helpers ---------------------------------------------------------------------
	let page = await context.newPage();
	setPage(page);
	const freshPage = async () => {
		const old = page;
		page = await context.newPage();
		setPage(page);
		await old.close().catch(() => {});
		return page;
	};

	/** Opens a workflow and waits for its nodes of `type` (by default Send Conversation Message) on the canvas. */
	const openWorkflow = async (id, type = nodeType) => {
		const wf = byId.get(id);
		assert(wf, `no example workflow with id ${id}`);
		await page.goto(`${url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
		const nodes = page.locator(`${tid('canvas-node')}[data-node-type=${q(type)}]`);
		const count = wf.nodes.filter((n) => n.type === type).length;
		await until(`${count} ${type} node(s) on the canvas of ${id}`, async () => (await nodes.count()) === count, 60_000);
		return wf;
	};

	const canvasNode = (name) => page.locator(`${tid('canvas-node')}[data-node-name=${q(name)}]`);

	const openPanel = async (nodeName) => {
		await canvasNode(nodeName).dblclick();
		const ndv = page.locator(tid('ndv'));
		await ndv.waitFor({ state: 'visible' });
		await page.locator(`${tid('ndv')} ${tid('node-parameters')}`).waitFor({ state: 'visible' });
		await until(`the panel titled ${q(nodeName)}`, async () => norm(await ndv.innerText()).includes(nodeName));
		return ndv;
	};

	const closePanel = async () => {
		await page.locator(tid('ndv-close-button')).click();
		await page.locator(tid('ndv')).waitFor({ state: 'hidden' });
	};

	/** Mouse onto the output pane and no focus, so no parameter shows its hover/focus toolbar. */
	const settle = async () => {
		await page.mouse.move(1300, 860, { steps: 4 });
		await page.evaluate(() => document.activeElement && document.activeElement.blur());
		await sleep(400);
	};

	const params = () => page.locator(`${tid('ndv')} ${tid('node-parameters')}`);
	const input = (name) => page.locator(`${tid('ndv')} ${tid(`parameter-input-${name}`)}`);
	/** Text an options/string parameter shows (the value of its <input> or <textarea>). */
	const shownValue = async (name) => {
		const field = input(name).locator('input, textarea').first();
		return norm(await field.inputValue());
	};
	const credentialSelect = () => page.locator(`${tid('ndv')} ${tid('node-credentials-select')}`);
	// (read-only panels render the selector as a bare <input>)
	const credentialValue = async () =>
		norm(await credentialSelect().first().evaluate((el) => (el.matches('input') ? el : el.querySelector('input')).value));
	/** A visible option of an open element-plus dropdown (options lists, credential list). */
	const dropdownItem = (text) => page.locator('.el-select-dropdown__item:visible', { hasText: text });
	const rlc = (name) => page.locator(`${tid('ndv')} ${tid(`resource-locator-${name}`)}`);

	/**
	 * Opens a dropdown until `items` shows. n8n re-renders a panel when a loaded list arrives (or
	 * is loaded again), which can close a dropdown that just opened: so it is opened again.
	 */
	const openDropdown = async (what, opener, items) => {
		await until(what, async () => {
			if (await items.count()) return true;
			await opener.click();
			await sleep(1000);
			return (await items.count()) > 0;
		}, 30_000);
	};

	/** Opens a dropdown and clicks `item` (again, if a re-render closed the dropdown meanwhile). */
	const pickFromDropdown = async (what, opener, item) => {
		const end = Date.now() + 45_000;
		for (;;) {
			await openDropdown(what, opener, item);
			try {
				await item.first().click({ timeout: 5_000 });
				return;
			} catch (e) {
				if (Date.now() > end) throw e;
			}
		}
	};

	const pickOption = (name, text) => pickFromDropdown(`${q(text)} in the list of ${name}`, input(name), dropdownItem(text));

	const chooseMode = async (label, mode) => {
		const item = page.locator(`${tid(`mode-${mode}`)}:visible`);
		await pickFromDropdown(`${label}: the Conversation mode ${mode}`, rlc('conversationId').locator(tid('rlc-mode-selector')), item);
		await until(`${label}: the mode list to close`, async () => (await item.count()) === 0, 10_000);
	};

	/** Opens the From list dropdown of a resource locator and returns the texts of the items it shows. */
	const openList = async (label, minItems = 2, name = 'conversationId') => {
		const items = page.locator(`${tid('rlc-item')}:visible`);
		const open = page.locator(`${tid('rlc-search')}:visible`);
		await until(`${label}: at least ${minItems} items in the From list dropdown of ${name}`, async () => {
			if ((await items.count()) >= minItems) return true;
			if (!(await open.count())) await rlc(name).locator(tid('rlc-input')).click();
			await sleep(1000);
			return (await items.count()) >= minItems;
		}, 45_000);
		return (await items.allInnerTexts()).map(norm);
	};

	// ---- 1. sign in ---------------------------------------------------------------------------
	const signedIn = await check('sign in to the editor as the owner', async () => {
		await page.goto(`${url}/signin`, { waitUntil: 'domcontentloaded' });
		await page.locator(`${tid('emailOrLdapLoginId')} input`).fill(owner.email);
		await page.locator(`${tid('password')} input`).fill(owner.password);
		await page.locator(tid('form-submit-button')).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
	});
	if (!signedIn) return;

	// ---- 2. every example workflow: the node on the canvas, then its panels ----------------------
	// n8n 2.x autosaves every edit, and a workflow edited in one tab opens read-only in the next
	// one for a while: the examples are only looked at here (one page per workflow); the checks
	// that edit (section 3) work on a scratch workflow made of copies of the example nodes.
	for (const wf of examples) {
		const nodes = ourNodes(wf);
		if (!nodes.length) continue;
		await freshPage();
		const shown = await check(`workflow ${q(wf.name)}: ${nodes.length} node(s) on the canvas, each titled with its platform`, async () => {
			await openWorkflow(wf.id);
			for (const n of nodes) {
				const label = PLATFORM_LABELS[n.parameters.platform];
				const text = norm(await canvasNode(n.name).innerText());
				assert(text.includes(n.name) && text.includes(label), `canvas node ${q(n.name)} shows ${q(text)}, expected its name and ${q(label)}`);
			}
		});
		if (shown && wf.id === CANVAS_SCREENSHOT.workflow) {
			await check(`workflow ${q(wf.name)}: screenshot ${rel(CANVAS_SCREENSHOT.file)}`, async () => {
				await page.mouse.move(0, 0);
				await sleep(500); // fit-view animation
				await shot(page, CANVAS_SCREENSHOT.file);
			});
		}
		for (const panel of PANELS.filter((p) => p.workflow === wf.id)) {
			const label = `${PLATFORM_LABELS[panel.platform]} panel (${q(panel.node)})`;
			const opened = await check(`${label}: opens`, async () => {
				assert(shown, 'its workflow did not open');
				await openPanel(panel.node);
			});
			if (!opened) continue;
			await panelChecks(panel, label);
			await check(`${label}: closes`, closePanel);
		}
	}

	/** `beforeScreenshot`: more checks of the open panel, whose result the screenshot should show. */
	async function panelChecks(panel, label, beforeScreenshot = async () => {}) {
		const credentialLabel = `Credential for ${CREDENTIAL_TYPE_NAMES[panel.platform]}`;
		await check(`${label}: credential selector ${q(credentialLabel)} shows ${q(panel.credential)}`, async () => {
			await credentialSelect().waitFor({ state: 'visible' });
			const slotText = norm(await page.locator(`${tid('ndv')} ${tid('node-credentials-slot')}`).innerText());
			assert(slotText.includes(credentialLabel), `the credential selector is labelled ${q(slotText)}`);
			await until(`the credential selector to show ${q(panel.credential)}`, async () => (await credentialValue()) === panel.credential);
			const disabled = await credentialSelect().first().evaluate((el) => (el.matches('input') ? el : el.querySelector('input')).disabled);
			assert(!disabled, 'the credential selector is read-only (the workflow opened read-only: is it being edited in another tab?)');
		});

		await check(`${label}: Platform field shows ${q(PLATFORM_LABELS[panel.platform])}`, async () => {
			await input('platform').waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
				throw new Error('the Platform field is not shown');
			});
			const value = await shownValue('platform');
			assert(value === PLATFORM_LABELS[panel.platform], `Platform shows ${q(value)}`);
		});

		await check(`${label}: fields ${panel.inputs.join(', ')} shown, other platforms' fields hidden`, async () => {
			for (const name of panel.inputs) {
				await input(name).waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
					throw new Error(`field ${q(name)} is not shown`);
				});
			}
			const text = norm(await params().innerText());
			const missing = panel.labels.filter((l) => !text.includes(l));
			assert(!missing.length, `labels not shown: ${missing.map(q).join(', ')}`);
			const absent = [...PLATFORM_ONLY_INPUTS.filter((n) => !panel.inputs.includes(n)), ...(panel.absent || [])];
			const shown = [];
			for (const name of absent) if (await input(name).count()) shown.push(name);
			assert(!shown.length, `fields of another platform/operation shown: ${shown.join(', ')}`);
		});

		if (panel.values || panel.loaded) {
			const expected = { ...(panel.values || {}), ...(panel.loaded || {}) };
			const what = Object.entries(expected).map(([k, v]) => `${k} = ${q(v)}`).join(', ');
			await check(`${label}: shows ${what}${panel.loaded ? ' (names loaded from the vendor)' : ''}`, async () => {
				for (const [name, value] of Object.entries(expected)) {
					await until(`${name} to show ${q(value)}`, async () => (await shownValue(name)) === value, 30_000);
				}
			});
		}

		await beforeScreenshot();

		await check(`${label}: screenshot ${rel(panel.screenshot)}`, async () => {
			await settle();
			await shot(page, panel.screenshot);
		});

		if (panel.modes) {
			await check(`${label}: Conversation modes are ${panel.modes.join(' / ')}`, async () => {
				const items = page.locator(`[data-test-id^="mode-"]:visible`);
				await openDropdown('the mode list', rlc('conversationId').locator(tid('rlc-mode-selector')), items);
				const modes = (await items.allInnerTexts()).map(norm);
				await rlc('conversationId').locator(tid('rlc-mode-selector')).click(); // close it again
				await until('the mode list to close', async () => (await items.count()) === 0, 10_000);
				const want = panel.modes.map((m) => m.toLowerCase());
				assert(
					JSON.stringify(modes.map((m) => m.toLowerCase())) === JSON.stringify(want),
					`modes are ${modes.map(q).join(', ')}, expected ${panel.modes.map(q).join(', ')}`,
				);
			});
		}

		await check(`${label}: the credential list offers ${q(panel.credential)} and no other platform's credential`, async () => {
			const items = page.locator('[data-test-id^="node-credentials-select-item-"]:visible');
			await openDropdown('the credential list', credentialSelect(), items);
			try {
				const own = credentialRefs[panel.platform].id;
				await page.locator(`${tid(`node-credentials-select-item-${own}`)}:visible`).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {
					throw new Error(`the credential list does not offer ${q(panel.credential)}`);
				});
				const others = [];
				for (const ref of Object.values(credentialRefs)) {
					if (ref.id !== own && (await page.locator(`${tid(`node-credentials-select-item-${ref.id}`)}:visible`).count())) others.push(ref.name);
				}
				assert(!others.length, `the credential list also offers ${others.map(q).join(', ')}`);
			} finally {
				await credentialSelect().click(); // close the list
				await until('the credential list to close', async () => (await items.count()) === 0, 10_000);
			}
		});
	}

	// ---- 3. pickers filled from the mock vendors' lists, in a scratch workflow ------------------
	// One workflow with copies of the 99digital, Intercom and Re:amaze example nodes (one page
	// load instead of three); archived and deleted at the end.
	const SCRATCH_NODES = [
		['cmEx99Digital001', 'Send to 99digital'],
		['cmExIntercom0001', 'Reply as admin'],
		['cmExReamaze00001', 'Reply on Re:amaze'],
	];
	/** A scratch workflow of `nodes` through the REST API, opened in a fresh page; → its id. */
	const openScratch = async (nodes, type = nodeType) => {
		const res = await rest.request('POST', '/rest/workflows', {
			name: 'Browser test scratch (safe to delete)',
			nodes,
			connections: {},
			settings: { executionOrder: 'v1' },
			active: false,
		});
		const id = res.json && res.json.data && res.json.data.id;
		assert(id, `creating the scratch workflow answered ${res.text.slice(0, 200)}`);
		byId.set(id, { id, name: 'scratch', nodes });
		await freshPage();
		await openWorkflow(id, type);
		return id;
	};
	const deleteScratch = async (id) => {
		await rest.request('POST', `/rest/workflows/${id}/archive`, {}, { expectOk: false }).catch(() => {});
		await rest.request('DELETE', `/rest/workflows/${id}`, undefined, { expectOk: false }).catch(() => {});
	};

	let scratchId;
	const scratchOpened = await check('scratch workflow with copies of the 99digital, Intercom and Re:amaze nodes opens', async () => {
		const nodes = SCRATCH_NODES.map(([wfId, name], i) => {
			const node = byId.get(wfId).nodes.find((n) => n.name === name);
			assert(node, `example ${wfId} has no node ${q(name)}`);
			return { ...node, id: crypto.randomUUID(), position: [i * 320, 0] };
		});
		scratchId = await openScratch(nodes);
	});

	try {
		if (scratchOpened) {
			const label99 = '99digital / Chatwoot picker';
			let from = logSize();
			if (await check(`${label99}: panel opens`, () => openPanel('Send to 99digital'))) {
				await check(`${label99}: Account chosen from the accounts the vendor returned ("Acme Online (#7)")`, async () => {
					await pickOption('accountId', 'Acme Online (#7)');
					await until('the account to be chosen', async () => (await shownValue('accountId')) === 'Acme Online (#7)');
					await expectRequest(from, 'ninetyNineDigital', 'GET', /^\/api\/v1\/profile(\?|$)/);
				});
				await check(`${label99}: Conversation → From list shows the account's conversations ("#1 · Contact 1" …), one is picked`, async () => {
					await chooseMode(label99, 'list');
					const before = logSize();
					const items = await openList(label99);
					for (const want of ['#1 · Contact 1', '#2 · Contact 2', '#3 · Contact 3']) {
						assert(items.includes(want), `the list does not show ${q(want)}; it shows ${items.slice(0, 6).map(q).join(', ')} …`);
					}
					await page.mouse.move(1300, 860, { steps: 4 }); // the output pane, away from the list
					await sleep(400);
					await shot(page, 'picker-99digital.png');
					await page.locator(`${tid('rlc-item')}:visible`, { hasText: /^#3 · Contact 3$/ }).click();
					await until('the picked conversation in the field', async () => norm(await rlc('conversationId').locator(tid('rlc-input')).inputValue()) === '#3 · Contact 3');
					await expectRequest(before, 'ninetyNineDigital', 'GET', /^\/api\/v1\/accounts\/7\/conversations\?(.*&)?page=1(&|$)/);
				});
				await check(`${label99}: Platform → Intercom switches the panel to Intercom; its credential and admins follow`, async () => {
					const before = logSize();
					await pickOption('platform', 'Intercom');
					await until('Operation, Reply As and Admin of Intercom', async () => (await input('intercomOperation').count()) && (await input('replyAs').count()) && (await input('adminId').count()));
					await until('the 99digital Account field to go', async () => (await input('accountId').count()) === 0);
					const slot = page.locator(`${tid('ndv')} ${tid('node-credentials-slot')}`);
					await until('the credential selector for Intercom', async () => norm(await slot.innerText()).includes(`Credential for ${CREDENTIAL_TYPE_NAMES.intercom}`));
					const canvasText = norm(await canvasNode('Send to 99digital').innerText());
					assert(canvasText.includes('Intercom'), `the canvas node's subtitle is ${q(canvasText)}, expected Intercom`);
					if ((await credentialValue()) !== 'Intercom account') {
						const item = page.locator(`${tid(`node-credentials-select-item-${credentialRefs.intercom.id}`)}:visible`);
						await pickFromDropdown('the Intercom credential in the credential list', credentialSelect(), item);
						await until('the credential selector to show "Intercom account"', async () => (await credentialValue()) === 'Intercom account');
					}
					await pickOption('adminId', 'Ada Admin (ada.admin@acme.example)');
					await expectRequest(before, 'intercom', 'GET', /^\/admins(\?|$)/);
				});
				await check(`${label99}: panel closes`, closePanel);
			}

			const labelIc = 'Intercom picker';
			from = logSize();
			if (await check(`${labelIc}: panel opens`, () => openPanel('Reply as admin'))) {
				await check(`${labelIc}: Admin chosen from the admins the vendor returned`, async () => {
					await pickOption('adminId', 'Ben Admin (ben.admin@acme.example)');
					await until('Ben Admin in the field', async () => (await shownValue('adminId')) === 'Ben Admin (ben.admin@acme.example)');
					await expectRequest(from, 'intercom', 'GET', /^\/admins(\?|$)/);
				});
				await check(`${labelIc}: Conversation → From list shows the vendor's conversations, one is picked`, async () => {
					await chooseMode(labelIc, 'list');
					const before = logSize();
					const items = await openList(labelIc);
					assert(items.every((t) => /^#\d+/.test(t)), `items do not look like "#<id> · <title>": ${items.slice(0, 4).map(q).join(', ')}`);
					const pick = items[1];
					await page.locator(`${tid('rlc-item')}:visible`).nth(1).click();
					await until(`${q(pick)} in the field`, async () => norm(await rlc('conversationId').locator(tid('rlc-input')).inputValue()) === pick);
					await expectRequest(before, 'intercom', 'GET', /^\/conversations(\?|$)/);
				});
				await check(`${labelIc}: panel closes`, closePanel);
			}

			const labelRm = 'Re:amaze picker';
			if (await check(`${labelRm}: panel opens`, () => openPanel('Reply on Re:amaze'))) {
				await check(`${labelRm}: Conversation → From list shows the vendor's conversations, one is picked`, async () => {
					await chooseMode(labelRm, 'list');
					const before = logSize();
					const items = await openList(labelRm);
					const pick = items[1];
					await page.locator(`${tid('rlc-item')}:visible`).nth(1).click();
					await until(`${q(pick)} in the field`, async () => norm(await rlc('conversationId').locator(tid('rlc-input')).inputValue()) === pick);
					await expectRequest(before, 'reamaze', 'GET', /^\/api\/v1\/conversations(\.json)?(\?|$)/);
				});
				await check(`${labelRm}: panel closes`, closePanel);
			}

			// ---- 4. the node creator lists the node (on the same canvas: no page load) ------------
			await check('node creator: searching "Send Conversation Message" lists the node with its description', async () => {
				await page.locator(tid('node-creator-plus-button')).click();
				const search = page.locator(`input${tid('node-creator-search-bar')}, ${tid('node-creator-search-bar')} input`).first();
				await search.fill('Send Conversation Message');
				const item = page.locator(`${tid('node-creator-item-name')}:visible`, { hasText: /^Send Conversation Message$/ });
				await item.first().waitFor({ state: 'visible' });
				const node = page.locator(`${tid('item-iterator-item')}:visible`, { has: item });
				const text = norm(await node.first().innerText());
				assert(/support conversation/i.test(text), `the node creator item shows ${q(text)}`);
				await search.fill('');
				await page.keyboard.press('Escape');
			});
		}
	} finally {
		await page.close().catch(() => {});
		if (scratchId) await deleteScratch(scratchId);
	}

	// ---- 5. the Conversation Actions node: its panels per platform, in a scratch workflow ---------
	// The examples use the node only as an AI agent's tool, so each panel of ACTIONS_PANELS is a
	// node of one scratch workflow, with its platform's credential.
	// n8n appends its own "Custom API Call" (value __CUSTOM_API_CALL__) to the Resource and Operation
	// of a node whose credentials authenticate requests (injectCustomApiCallOptions in n8n's
	// load-nodes-and-credentials.js): it is n8n's, offered with every such node, so the node's own
	// operations are the others; the dropdowns show n8n's lists, so they are compared with those.
	const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';
	/** What n8n offers in the dropdowns, by `<platform> <resource>` ('' for the Resource field): option names. */
	const offeredInN8n = new Map();
	const declared = await check('n8n loaded Conversation Actions declaring exactly the operations of ACTIONS_OPERATIONS per platform (besides n8n\'s own Custom API Call)', async () => {
		const type = (await rest.nodeTypes()).find((t) => t.name === actionsNodeType);
		assert(type, `${actionsNodeType} is not among the node types n8n loaded`);
		const options = (name, platform, resource) => {
			const property = type.properties.find((p) => p.name === name && p.displayOptions.show.platform.includes(platform)
				&& (!resource || p.displayOptions.show.resource.includes(resource)));
			const all = property ? property.options : [];
			offeredInN8n.set(`${platform} ${resource || ''}`, all.map((o) => o.name));
			return all.filter((o) => o.value !== CUSTOM_API_CALL);
		};
		for (const [platform, resources] of Object.entries(ACTIONS_OPERATIONS)) {
			const values = options('resource', platform).map((o) => o.value);
			assert(JSON.stringify(values) === JSON.stringify(Object.keys(resources)), `${platform}: resources ${values.map(q).join(', ')}`);
			for (const [resource, operations] of Object.entries(resources)) {
				const got = options('operation', platform, resource).map((o) => o.name);
				assert(JSON.stringify(got) === JSON.stringify(operations), `${platform} ${resource}: the node declares ${got.map(q).join(', ')}, expected ${operations.map(q).join(', ')}`);
			}
		}
	});

	/** The names the open dropdown's items show (their headlines, without the descriptions under them). */
	const itemNames = async (items) => {
		const names = [];
		for (const item of await items.all()) {
			const headline = item.locator('.option-headline');
			names.push(norm(await ((await headline.count()) ? headline.first() : item).innerText()));
		}
		return names;
	};

	/** Opens an options dropdown, reads its items' names and closes it again. */
	const optionNames = async (name) => {
		const items = page.locator('.el-select-dropdown__item:visible');
		await openDropdown(`the options of ${name}`, input(name), items);
		const names = await itemNames(items);
		await page.keyboard.press('Escape');
		await until(`the options of ${name} to close`, async () => (await items.count()) === 0, 10_000);
		return names;
	};

	/** `panelFrom`: the mock log's size when the panel opened — n8n loads a multi-option list as the panel opens, a locator's list as it opens. */
	async function pickerCheck(panel, label, picker, panelFrom) {
		const name = picker.locator || picker.options;
		await check(`${label}: ${name} lists the vendor's ${picker.items.length} (${picker.items.map(q).join(', ')}); ${q(picker.pick)} is picked`, async () => {
			const from = picker.locator ? logSize() : panelFrom;
			if (picker.locator) {
				const items = await openList(label, picker.items.length, name);
				assert(JSON.stringify(items) === JSON.stringify(picker.items), `the list of ${name} shows ${items.map(q).join(', ')}`);
				await page.locator(`${tid('rlc-item')}:visible`).nth(items.indexOf(picker.pick)).click();
				await until(`${q(picker.pick)} in ${name}`, async () => norm(await rlc(name).locator(tid('rlc-input')).inputValue()) === picker.pick);
			} else {
				const items = page.locator('.el-select-dropdown__item:visible');
				await openDropdown(`the list of ${name}`, input(name), items);
				const shown = await itemNames(items);
				assert(JSON.stringify(shown) === JSON.stringify(picker.items), `the list of ${name} shows ${shown.map(q).join(', ')}`);
				await dropdownItem(picker.pick).first().click();
				await page.keyboard.press('Escape');
				await until(`${q(picker.pick)} chosen in ${name}`, async () => norm(await input(name).innerText()).includes(picker.pick));
			}
			await expectRequest(from, panel.platform, 'GET', picker.request);
		});
	}

	let actionsId;
	const actionsOpened = declared && await check(`scratch workflow with ${ACTIONS_PANELS.length} Conversation Actions nodes opens`, async () => {
		const nodes = ACTIONS_PANELS.map((panel, i) => {
			const ref = credentialRefs[panel.platform];
			return {
				id: crypto.randomUUID(),
				name: panel.node,
				type: actionsNodeType,
				typeVersion: 1,
				position: [(i % 4) * 320, Math.floor(i / 4) * 240],
				parameters: { platform: panel.platform, ...panel.parameters },
				credentials: { [ref.type]: { id: ref.id, name: ref.name } },
			};
		});
		actionsId = await openScratch(nodes, actionsNodeType);
	});
	try {
		if (actionsOpened) {
			for (const panel of ACTIONS_PANELS) {
				const label = `Conversation Actions ${PLATFORM_LABELS[panel.platform]} panel (${q(panel.node)})`;
				const from = logSize();
				if (!(await check(`${label}: opens`, () => openPanel(panel.node)))) continue;
				await panelChecks(panel, label, async () => {
					const resources = offeredInN8n.get(`${panel.platform} `);
					const operations = offeredInN8n.get(`${panel.platform} ${panel.resource}`);
					await check(`${label}: Resource offers ${resources.join(', ')}; Operation offers exactly ${operations.join(', ')}`, async () => {
						const shownResources = await optionNames('resource');
						assert(JSON.stringify(shownResources) === JSON.stringify(resources), `Resource offers ${shownResources.map(q).join(', ')}`);
						const shownOperations = await optionNames('operation');
						assert(JSON.stringify(shownOperations) === JSON.stringify(operations), `Operation offers ${shownOperations.map(q).join(', ')}`);
					});
					for (const picker of panel.pickers || []) await pickerCheck(panel, label, picker, from);
				});
				await check(`${label}: closes`, closePanel);
			}
		}
	} finally {
		await page.close().catch(() => {});
		if (actionsId) await deleteScratch(actionsId);
	}
}

module.exports = { runEditorChecks };
