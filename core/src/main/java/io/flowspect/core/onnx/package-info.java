/**
 * ONNX Runtime sessions (CPU, or CUDA with CPU fallback) and batched density scoring with {@link
 * io.flowspect.core.onnx.DensityModel}.
 */
package io.flowspect.core.onnx;
