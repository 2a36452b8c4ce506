import { filtfilt, bessel, lfilter } from '@sdk/signal';
const n = 150000;
const x = Float64Array.from({length:n}, (_, i) => Math.sin(i/50) * 50 - 60);
const { b, a } = bessel(4, 0.4, { btype: 'low' });
for (let r=0;r<100;r++) filtfilt(b, a, x);
let t=performance.now(); for (let r=0;r<200;r++) filtfilt(b, a, x); console.log('filtfilt 150k', ((performance.now()-t)/200).toFixed(3));
t=performance.now(); for (let r=0;r<200;r++) lfilter(b, a, x); console.log('lfilter 150k', ((performance.now()-t)/200).toFixed(3));
