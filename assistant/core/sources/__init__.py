"""The writer's sources: files indexed on this machine, searched for passages to cite. Qt-free.

`retriever` is what tools see (Passage, Retriever); `index` is the local SQLite index. Import them
from their modules: this package imports nothing, so a tool run that never searches does not load
SQLite and the file readers.
"""
