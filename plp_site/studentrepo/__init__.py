"""A student's own repository: the template a school gives each student (`plp new student-repo`), its browser
editor (Decap CMS), and `plp check` run from its top with the school's settings kept in `.plp/school.yml`.

Kept free of imports: the loader reads `layout` without loading the rest."""
