// A real n8n answers in seconds, but triggers, sandbox pacing and a busy 2-core CI machine add up: be generous.
jest.setTimeout(180_000);
