"""Text: the words and number formats a user sees, in Indonesian by default and English on request.

- :mod:`~renja_lib.text.langs`: :data:`LANGS`, the languages of every output, and :func:`check_lang`, the one
  check of a ``lang`` argument, and :func:`use_language`, the language of error messages and reading problems
  (re-exported here).
- :mod:`~renja_lib.text.catalogue`: the one text catalogue (YAML files in ``text/catalogue/``) and :func:`tr`,
  the one function that writes its texts; :class:`Message`, a text not yet written in a language
  (re-exported here).
- :mod:`~renja_lib.text.formats`: numbers, rupiah, percentages and points for charts and reports.
"""
from .catalogue import Message, tr
from .langs import DEFAULT_LANG, LANGS, check_lang, message_language, use_language

__all__ = ["DEFAULT_LANG", "LANGS", "Message", "check_lang", "message_language", "tr", "use_language"]
