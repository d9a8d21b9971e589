"""The plumbing of a build, in one place: the cache of work on unchanged input
(`run.cache`), worker processes (`run.executor`) and the runner that takes a stage's keyed
units through both and counts what it reused and what it did again (`run.runner`). The
stages themselves (parse, resolve, map, validate, write) know none of it."""
