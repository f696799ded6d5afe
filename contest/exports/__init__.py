"""Generated documents: receipts now; award lists, annexes, certificates, anthology later."""
