"""The encrypted local store (加密存储): one SQLCipher database per person or workspace.

A store is a folder::

    STORE/
      key.json       the data key, wrapped by a key derived from the passphrase (Argon2id)
      store.db       SQLCipher: rounds, people, dossiers, records, audit log (4 KB pages)
      documents.db   SQLCipher: document bytes, content-addressed (64 KB pages, HMAC-SHA256)
      backups/       rolling encrypted backups

Nothing in it is readable without the passphrase.
"""
