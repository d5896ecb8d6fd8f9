-- Run-time assignment of a case to a liaison officer (issue #5): requests get the column complaints and
-- handoffs already have (`routed_to`), so one assignment service serves every kind of case.
ALTER TABLE service_requests ADD COLUMN routed_to text;
