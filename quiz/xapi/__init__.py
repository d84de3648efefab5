"""xAPI: statements about attempts, sent to a learning record store (XAPI_ENDPOINT)."""
