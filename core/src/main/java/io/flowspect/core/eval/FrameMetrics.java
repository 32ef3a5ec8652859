package io.flowspect.core.eval;

/**
 * How well anomaly maps find defects on frames, for one defect kind or all of them.
 *
 * @param imageAuroc AUROC of the frame scores, defective frames against good test frames
 * @param pixelAuroc AUROC of the anomaly map as a pixel classifier over the same frames: defect
 *     pixels against every defect-free pixel
 * @param aupro area under the per-region overlap curve up to 30 % pixel false-positive rate,
 *     normalised ({@link Aupro}); NaN without masks
 * @param defective defective frames evaluated
 * @param regionHitRate the share of defective frames with a found region ({@link
 *     io.flowspect.core.local.DefectRegions}) that overlaps the defect; NaN without masks
 * @param flagged the share of defective frames above the frame threshold: what the line would
 *     reject at the calibrated alpha
 */
public record FrameMetrics(
    double imageAuroc,
    double pixelAuroc,
    double aupro,
    int defective,
    double regionHitRate,
    double flagged) {}
