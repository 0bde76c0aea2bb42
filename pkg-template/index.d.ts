// Types of every entry (Node ESM/CJS, workerd, browser): the functions and data types of the API.
export * from "./full/vipps_order_management.js";
