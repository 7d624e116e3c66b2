import { expect } from '@open-wc/testing';
import { ColourReader } from './page-scheme.ts';

describe('ColourReader', () => {
  it('reads any CSS colour as sRGB bytes, painting each colour once', () => {
    const paint = OffscreenCanvasRenderingContext2D.prototype.getImageData;
    let painted = 0;
    OffscreenCanvasRenderingContext2D.prototype.getImageData = function (...args: Parameters<typeof paint>) {
      painted++;
      return paint.apply(this, args);
    };
    try {
      const colours = new ColourReader();
      expect(colours.rgba('rgb(10, 20, 30)')).to.deep.equal([10, 20, 30, 255]);
      expect(colours.rgba('rgba(0, 0, 0, 0)')).to.deep.equal([0, 0, 0, 0]);
      expect(colours.rgba('oklch(1 0 0)')).to.deep.equal([255, 255, 255, 255]);
      for (let index = 0; index < 50; index++) colours.rgba('rgb(10, 20, 30)');
      expect(painted, 'three colours, painted once each').to.equal(3);
      expect(colours.rgba('not a colour'), 'an unparsable value reads as transparent').to.deep.equal([0, 0, 0, 0]);
    } finally {
      OffscreenCanvasRenderingContext2D.prototype.getImageData = paint;
    }
  });
});
