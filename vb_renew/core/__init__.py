"""The client core: the API client, the poller, the wizard's flow. Imports no Qt."""
