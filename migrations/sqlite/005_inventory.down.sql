DROP TABLE allotment_holds;
DROP TABLE allotments;
