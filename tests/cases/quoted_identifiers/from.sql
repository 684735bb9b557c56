CREATE TABLE "Order" ("id" integer PRIMARY KEY, "select" text);
