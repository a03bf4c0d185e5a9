"""Files that travel between people (交换文件): sealed so only the intended reader can open them.

An assignment package leaves the secretariat on a USB stick or by e-mail, and its passphrase
travels by another channel; whoever finds the file alone learns only what its clear label says.
Everything here is Qt-free and works on streams, so a 200 MB dossier never sits in memory whole.
"""
