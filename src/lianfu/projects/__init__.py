"""The major-project library (重大项目库): the county's major investment projects,
each with a responsible leader and officer, moving through its stages (signed,
land, approvals, started, completed) against a planned date per stage."""
