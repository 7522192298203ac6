// Imported first by tests that read n8n's log output: n8n's logger reads its level once.
process.env.N8N_LOG_LEVEL = 'debug';
process.env.N8N_LOG_OUTPUT = 'console';
