"""The writer's sources: files indexed on this machine, searched for passages to cite. Qt-free."""

from .index import Report, SourceIndex, SourcesError, Status
from .readers import SourceError
from .retriever import Passage, Retriever

__all__ = ["Passage", "Report", "Retriever", "SourceError", "SourceIndex", "SourcesError", "Status"]
