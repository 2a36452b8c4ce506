// A browser entry that uses @sdk/nwb the way its README does: openNwb alone, no typed class
// imported. The typed classes (Units, PlaneSegmentation...) must still be registered.
export { openNwb } from '@sdk/nwb';
