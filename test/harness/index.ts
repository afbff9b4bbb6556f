export { Stack, type StackOptions, type Gateway } from "./stack.js";
export { Service, type LogLine } from "./service.js";
export { IrcObserver, parseIrcLine, type IrcLine } from "./irc-observer.js";
export { startRedis, type RedisServer } from "./redis-server.js";
export { startNgircd, type IrcServer } from "./ngircd.js";
export { ManagedProcess } from "./child-process.js";
export { freePort } from "./free-port.js";
export { waitUntil, sleep } from "./wait-until.js";
export { isRefused, post } from "./http.js";
