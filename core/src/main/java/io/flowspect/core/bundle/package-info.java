/**
 * Model bundles: a directory of ONNX graphs sealed by a checksummed {@code manifest.json} ({@link
 * io.flowspect.core.bundle.BundleWriter}), verified on {@link
 * io.flowspect.core.bundle.Bundle#open}.
 */
package io.flowspect.core.bundle;
