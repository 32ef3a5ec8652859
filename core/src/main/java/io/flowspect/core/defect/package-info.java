/**
 * Seeded synthetic production defects ({@link io.flowspect.core.defect.DefectKind}) painted onto
 * good images, to measure how well a likelihood model flags them before real defect images exist.
 * {@link io.flowspect.core.defect.DefectGenerator} is the entry point; each result is a {@link
 * io.flowspect.core.defect.Defect} with the defective image, the pixel mask and its bounding box.
 */
package io.flowspect.core.defect;
