// A browser entry that imports Node-only code on purpose: the bundle probe must report it.
export * from '@sdk/core/node';
