// @sdk/behavior: Visual Behavior sessions: trials, licks, rewards, running, eye tracking, stimuli.
// Nothing is exported until the package's issue lands; see README.md.
export {};
