"""The criteria workbook: its schema, the reader/validator and the blank template."""
