"""The entry form that writers fill online and unit focal points type in on paper
entries: its choices and data (``form``), its files (``uploads``) and the steps of its
pages (``flow``). Each role area keeps its own routes, access checks and templates."""
