CREATE TABLE "Order" ("id" integer PRIMARY KEY, "select" text NOT NULL DEFAULT '', "Total Amount" numeric(10,2));
