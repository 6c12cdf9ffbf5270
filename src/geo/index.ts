export * from './wgs84.js';
export * from './geodesic.js';
export * from './polygon.js';
export * from './countries.js';
